function Invoke-PgPlan {
    <#
    .SYNOPSIS
        Runs a plan from the Node helper: Apply tests every operation and sets only what is not
        already so (rolling back what this run created if a step fails); Undo removes in reverse
        order what the undo policy allows; Test only reports. Emits one PgCluster.PlanStep per
        operation.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true)]
        [pscustomobject]
        $Plan,

        [Parameter(Mandatory = $true)]
        [ValidateSet('Apply', 'Undo', 'Test')]
        [string]
        $Mode,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential
    )

    $count = $Plan.Operations.Count
    $order = 0..($count - 1)
    if ($Mode -eq 'Undo') {
        [array]::Reverse($order)
    }
    $created = New-Object -TypeName System.Collections.Generic.List[int]
    $results = New-Object -TypeName System.Collections.Generic.List[object]
    foreach ($i in $order) {
        $op = $Plan.Operations[$i]
        $info = $Plan.Steps[$i]
        $result = [pscustomobject]@{
            PSTypeName = 'PgCluster.PlanStep'
            Step       = $i + 1
            Kind       = $op.kind
            Target     = $info.target
            Action     = $info.action
            Before     = $null
            Outcome    = $null
            Detail     = $null
        }
        $results.Add($result)
        try {
            if ($Mode -eq 'Undo' -and $info.undo -eq 'keep') {
                $result.Outcome = 'kept'
                $result.Detail = 'left in place on purpose'
                continue
            }
            $test = Invoke-PgOperation -Operation $op -Action Test -WhatIf:$false -Confirm:$false
            $result.Before = $test.State
            $result.Detail = $test.Detail
            if ($Mode -eq 'Test') {
                $result.Outcome = 'unchanged'
                if ($test.State -eq 'absent') {
                    $result.Outcome = 'would create'
                }
                elseif ($test.State -eq 'different') {
                    $result.Outcome = 'would change'
                }
                continue
            }
            if ($Mode -eq 'Apply') {
                if ($test.State -eq 'present') {
                    $result.Outcome = 'unchanged'
                    continue
                }
                $verb = 'Change'
                if ($test.State -eq 'absent') {
                    $verb = 'Create'
                }
                if (-not $PSCmdlet.ShouldProcess($info.target, "$verb`: $($info.action)")) {
                    $result.Outcome = "would $($verb.ToLowerInvariant())"
                    continue
                }
                Invoke-PgOperation -Operation $op -Action Set -Credential $Credential -Confirm:$false
                $result.Outcome = 'changed'
                if ($test.State -eq 'absent') {
                    $result.Outcome = 'created'
                    $created.Add($i)
                }
                continue
            }
            if ($test.State -eq 'absent') {
                $result.Outcome = 'absent'
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($info.target, "Remove: $($info.action)")) {
                $result.Outcome = 'would remove'
                continue
            }
            Invoke-PgOperation -Operation $op -Action Undo -Confirm:$false
            $result.Outcome = 'removed'
        }
        catch {
            # Kept now: the rollback below has try/catch blocks of its own that replace $_.
            $failure = $_
            $result.Outcome = 'failed'
            $result.Detail = $failure.Exception.Message
            $undone = @()
            $notUndone = @()
            $kept = @()
            if ($Mode -eq 'Apply') {
                for ($k = $created.Count - 1; $k -ge 0; $k--) {
                    $j = $created[$k]
                    if ($Plan.Steps[$j].undo -eq 'keep') {
                        $kept += $Plan.Steps[$j].target
                        continue
                    }
                    try {
                        Invoke-PgOperation -Operation $Plan.Operations[$j] -Action Undo -Confirm:$false
                        $results[$j].Outcome = 'rolled back'
                        $undone += $Plan.Steps[$j].target
                    }
                    catch {
                        $notUndone += $Plan.Steps[$j].target
                        Write-Warning -Message "Rolling back '$($Plan.Steps[$j].target)' failed: $($_.Exception.Message)"
                    }
                }
            }
            $results | ForEach-Object -Process { $_ }
            $parts = @()
            if ($undone.Count -gt 0) {
                $parts += "what this run had created was undone ($($undone -join ', '))"
            }
            if ($notUndone.Count -gt 0) {
                $parts += "could NOT be undone, remove by hand: $($notUndone -join ', ')"
            }
            if ($kept.Count -gt 0) {
                $parts += "kept on purpose: $($kept -join ', ')"
            }
            if ($created.Count -eq 0) {
                $parts += 'nothing had been created by this run'
            }
            $hint = ($parts -join '; ') + '; fix the cause and run the command again.'
            $errorId = 'OperationFailed'
            $ids = @($failure.FullyQualifiedErrorId)
            if ($failure.Exception -and $failure.Exception.PSObject.Properties['ErrorRecord'] -and $failure.Exception.ErrorRecord) {
                $ids += $failure.Exception.ErrorRecord.FullyQualifiedErrorId
            }
            foreach ($id in $ids) {
                if ($id -match '^PgCluster\.([^,]+)') {
                    $errorId = $Matches[1]
                    break
                }
            }
            throw (New-PgErrorRecord -ErrorId $errorId -TargetObject $info.target `
                    -Message "$($Plan.Title): step $($i + 1) ($($info.target)) failed: $($failure.Exception.Message)" -Hint $hint)
        }
    }
    $results | ForEach-Object -Process { $_ }
}
